import { characterCount, VARCHAR_WIDTH } from "../../db/column-width.ts";

/**
 * The 400 message for a value its column cannot hold, if it cannot. Hanko lets the database refuse
 * it and answers 500 (SQLite, without widths, would even store it), so this is checked up front.
 */
export function columnWidthProblem(field: string, value: string): string | undefined {
  return characterCount(value) > VARCHAR_WIDTH ? `${field} must not be longer than ${VARCHAR_WIDTH} characters` : undefined;
}
