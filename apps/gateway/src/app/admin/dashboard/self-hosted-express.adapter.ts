import { ExpressAdapter } from '@bull-board/express';

/** The one external origin @bull-board/ui's page names: a Google Fonts stylesheet. */
const EXTERNAL_FONTS = /<link [^>]*href="https:\/\/fonts\.googleapis\.com[^"]*"[^>]*>/g;

type Engine = (path: string, options: object, callback: (error: Error | null, html?: string) => void) => void;

/**
 * bull-board's Express adapter whose page loads nothing from another origin:
 * its Google Fonts link is removed as the page is rendered (the UI falls back
 * to local fonts); scripts, styles and images come from @bull-board/ui in
 * node_modules, served by the gateway.
 */
export class SelfHostedExpressAdapter extends ExpressAdapter {
  override setViewsPath(viewPath: string): this {
    super.setViewsPath(viewPath);
    const app = this.getRouter() as { engines: Record<string, Engine>; engine(ext: string, engine: Engine): void };
    const render = app.engines['.ejs'];
    app.engine('ejs', (path, options, callback) =>
      render(path, options, (error, html) => callback(error, html?.replace(EXTERNAL_FONTS, ''))),
    );
    return this;
  }
}
