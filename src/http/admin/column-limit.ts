/** The width of Hanko's VARCHAR(255) columns (usernames, email addresses, names), in characters as PostgreSQL and MySQL count them. */
const VARCHAR_WIDTH = 255;

/**
 * The 400 message for a value its column cannot hold, if it cannot. Hanko lets the database refuse
 * it and answers 500 (SQLite, without widths, would even store it), so this is checked up front.
 */
export function columnWidthProblem(field: string, value: string): string | undefined {
  return [...value].length > VARCHAR_WIDTH ? `${field} must not be longer than ${VARCHAR_WIDTH} characters` : undefined;
}
