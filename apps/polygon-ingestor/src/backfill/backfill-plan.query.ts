import { OptionalQueryText, RefusalMessage } from '@mdi/platform';

/** GET /backfill/plan: each parameter at most once (`symbols` as comma text), nothing else. */
@RefusalMessage('invalid backfill request')
export class BackfillPlanQuery {
  @OptionalQueryText() symbols?: string;
  @OptionalQueryText() from?: string;
  @OptionalQueryText() to?: string;
}
