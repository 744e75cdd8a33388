import { type TObject, type TSchema, Type } from "@sinclair/typebox";

/** Properties beyond the listed ones would be a change of the wire format. */
export const CLOSED = { additionalProperties: false } as const;

/** A lower-case canonical UUID, the only form the server writes. */
export const Uuid = Type.String({ format: "uuid", pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" });

/** A timestamp as Go's JSON encoder writes it: RFC 3339 in UTC, the fraction without trailing zeros. */
export const Timestamp = Type.String({
  format: "date-time",
  pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d*[1-9])?Z$",
});

/** Any JSON object; metadata and flow payloads are free-form. */
export const JsonObject = Type.Object({}, { additionalProperties: true });

/** An object whose keys are free and whose values are all `value`. */
export function MapOf(value: TSchema): TObject {
  return Type.Object({}, { additionalProperties: value });
}

export const Nullable = (schema: TSchema) => Type.Union([schema, Type.Null()]);

/** Hanko's error body, `{"code":404,"message":"Not Found"}`, with `code` the response's status. */
export function errorBody(status: number) {
  return Type.Object(
    {
      code: Type.Literal(status, { description: "The HTTP status" }),
      message: Type.String({ description: "What went wrong, in English" }),
    },
    { ...CLOSED, title: "Error" },
  );
}

/** The `Link` and `X-Total-Count` headers of Hanko's paginated lists. */
export const PAGINATION_HEADERS = {
  Link: {
    description: 'Links to the first, last, next and previous pages, `<url>; rel="next"`, comma-separated',
    schema: Type.String(),
    required: true,
  },
  "X-Total-Count": { description: "How many items all pages hold together", schema: Type.String({ pattern: "^\\d+$" }), required: true },
};

/** `page` and `per_page` as Hanko's lists bind them. */
export const PAGINATION_QUERY = {
  per_page: Type.Integer({ description: "Items per page; 0 or absent means 20, there is no maximum" }),
  page: Type.Integer({ description: "The page, from 1; 0 or absent means 1" }),
};
