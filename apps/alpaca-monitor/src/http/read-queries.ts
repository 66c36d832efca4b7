import { OptionalQueryText, Rule } from '@mdi/platform';
import { ORDER_STATUS_FILTERS } from './order-status-filter';
import { instantParam, intParam, oneOfParam, textParam, type ParamReader } from './query-params';

export const ORDER_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/**
 * A parameter reader as a DTO rule: the reader's own reason when the text is
 * refused. Absent and repeated values are left to @OptionalQueryText().
 */
function readable(reader: ParamReader<unknown>): (value: unknown, field: string) => string | null {
  return (value, field) => {
    if (typeof value !== 'string' || value === '') return null;
    const reasons: string[] = [];
    reader(value, field, reasons);
    return reasons[0] ?? null;
  };
}

/** GET /account/history */
export class AccountHistoryQuery {
  @OptionalQueryText() @Rule(readable(instantParam())) since?: string;
  @OptionalQueryText() @Rule(readable(intParam(1000, 1, 10_000))) limit?: string;
}

/** GET /orders */
export class OrdersQuery {
  @OptionalQueryText() @Rule(readable(oneOfParam(ORDER_STATUS_FILTERS, 'all'))) status?: string;
  @OptionalQueryText() @Rule(readable(intParam(100, 1, 5000))) limit?: string;
}

/** GET /orders/history: `order_id` is required. */
export class OrderHistoryQuery {
  @Rule((value, field) => {
    if (value === undefined || value === '') return `${field} is required`;
    if (typeof value !== 'string') return `${field} must be given once`;
    return readable(textParam(ORDER_ID_PATTERN, 'an order id'))(value, field);
  })
  order_id!: string;
}

/** GET /fills */
export class FillsQuery {
  @OptionalQueryText() @Rule(readable(instantParam())) since?: string;
  @OptionalQueryText() @Rule(readable(textParam(ORDER_ID_PATTERN, 'an order id'))) order_id?: string;
  @OptionalQueryText() @Rule(readable(intParam(1000, 1, 10_000))) limit?: string;
}
