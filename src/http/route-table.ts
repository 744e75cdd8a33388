/** Which methods the app serves for a path: Hanko answers 405 and CORS preflights from this. */
export interface RouteTable {
  methodsFor(pathname: string): string[];
}

export function routeTable(routes: readonly { method: string; path: string }[]): RouteTable {
  const compiled = routes.map((route) => ({ method: route.method.toUpperCase(), pattern: patternOf(route.path) }));
  return {
    methodsFor(pathname) {
      const methods = compiled.filter((r) => r.pattern.test(pathname)).map((r) => r.method);
      return [...new Set(methods)];
    },
  };
}

function patternOf(path: string): RegExp {
  const source = path
    .split("/")
    .map((segment) => {
      if (segment === "*") return ".*";
      if (segment.startsWith(":")) return "[^/]+";
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return new RegExp(`^${source}/?$`);
}
