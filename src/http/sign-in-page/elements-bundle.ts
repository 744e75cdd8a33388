// The browser bundle of @teamhanko/hanko-elements (the package's main entry, dist/elements.js), imported as
// text so `bun build --compile` carries it inside the executable: the sign-in page never loads it from a CDN.
// The package's types describe the module, not the text, hence the cast.
import * as bundle from "@teamhanko/hanko-elements" with { type: "text" };

/** dist/elements.js of @teamhanko/hanko-elements, unchanged. */
export const ELEMENTS_JS: string = (bundle as unknown as { default: string }).default;
