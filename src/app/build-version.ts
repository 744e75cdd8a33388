import packageJson from "../../package.json" with { type: "json" };

/** Set by `make build` (`--define`) to the git description of the commit built. */
declare const BUILD_COMMIT: string | undefined;

/** The version of this build: the package's, with the commit it was built from when `make build` made it. */
export function buildVersion(): string {
  const commit = typeof BUILD_COMMIT === "string" && BUILD_COMMIT !== "" ? ` (${BUILD_COMMIT})` : "";
  return `${packageJson.version}${commit}`;
}
