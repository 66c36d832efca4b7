import { Handler, Provider } from './http-types';

export interface Route {
  method: string;
  /** Path pattern with `:name` segments, e.g. /v2/aggs/grouped/locale/us/market/stocks/:date */
  pattern: string;
  provider: Provider;
  /** Stable id used by stats and fault rules, e.g. polygon.aggs.range */
  endpoint: string;
  handler: Handler;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Matches a path against routes, segment by segment, in registration order. */
export class Router {
  private readonly routes: Array<Route & { segments: string[] }> = [];

  add(route: Route): this {
    this.routes.push({ ...route, segments: route.pattern.split('/').filter(Boolean) });
    return this;
  }

  endpoints(): string[] {
    return this.routes.map((r) => r.endpoint);
  }

  match(method: string, path: string): RouteMatch | undefined {
    const parts = path.split('/').filter(Boolean);
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = route.segments[i];
        if (seg.startsWith(':')) {
          try {
            params[seg.slice(1)] = decodeURIComponent(parts[i]);
          } catch {
            ok = false;
          }
        } else ok = seg === parts[i];
      }
      if (ok) return { route, params };
    }
    return undefined;
  }
}
