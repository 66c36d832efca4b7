import { OptionalQueryText } from '@mdi/platform';

/** POST /runs: `mode` at most once, nothing else; the controller parses its value with its own reason. */
export class RunsQuery {
  @OptionalQueryText() mode?: string;
}
