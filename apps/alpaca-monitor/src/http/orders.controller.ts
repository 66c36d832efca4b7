import { FillRepository, OrderRepository } from '@mdi/storage';
import { ApiError } from '@mdi/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  FILLS_SCHEMA,
  ORDER_HISTORY_SCHEMA,
  ORDER_ID,
  ORDER_STATUS_QUERY,
  ORDERS_SCHEMA,
  RFC3339_INSTANT,
} from './api-schemas';
import { ORDER_STATUS_FILTERS, statusesFor } from './order-status-filter';
import { instantParam, intParam, oneOfParam, readQuery, textParam } from './query-params';
import { FillsQuery, ORDER_ID_PATTERN, OrderHistoryQuery, OrdersQuery } from './read-queries';

/** Orders and fills as stored; money stays a decimal string end to end. */
@ApiTags('orders')
@Controller()
export class OrdersController {
  constructor(
    private readonly orders: OrderRepository,
    private readonly fills: FillRepository,
  ) {}

  /** Newest submitted first. */
  @Get('orders')
  @ApiOperation({ summary: 'Stored orders, newest submitted first' })
  @ApiQuery({
    name: 'status',
    required: false,
    schema: ORDER_STATUS_QUERY,
    description: '`open`, `closed`, `all` or one Alpaca status',
  })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 5000, default: 100 } })
  @ApiOkResponse({ description: 'the orders, with their count', schema: ORDERS_SCHEMA })
  @ApiError(400, 'every reason at once: an unknown status, `limit` out of range, an unknown or repeated parameter')
  async list(@Query() query: OrdersQuery) {
    const { status, limit } = readQuery(
      { ...query },
      { status: oneOfParam(ORDER_STATUS_FILTERS, 'all'), limit: intParam(100, 1, 5000) },
    );
    const orders = await this.orders.list({ statuses: statusesFor(status), limit });
    return { status, count: orders.length, orders };
  }

  /** Every status an order was seen in. */
  @Get('orders/history')
  @ApiOperation({ summary: 'Every status one order was seen in' })
  @ApiQuery({ name: 'order_id', required: true, schema: ORDER_ID })
  @ApiOkResponse({ description: 'the statuses, oldest first', schema: ORDER_HISTORY_SCHEMA })
  @ApiError(400, '`order_id` missing, malformed or repeated, or an unknown parameter')
  async history(@Query() query: OrderHistoryQuery) {
    return { orderId: query.order_id, statuses: await this.orders.statusHistory(query.order_id) };
  }

  /** Oldest first, from `since` (RFC 3339) on. */
  @Get('fills')
  @ApiOperation({ summary: 'Stored fills, oldest first' })
  @ApiQuery({ name: 'since', required: false, schema: RFC3339_INSTANT, description: 'fills at or after this instant' })
  @ApiQuery({ name: 'order_id', required: false, schema: ORDER_ID })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 } })
  @ApiOkResponse({ description: 'the fills, with their count', schema: FILLS_SCHEMA })
  @ApiError(
    400,
    'every reason at once: a malformed instant or order id, `limit` out of range, an unknown or repeated parameter',
  )
  async fillsSince(@Query() query: FillsQuery) {
    const { since, order_id, limit } = readQuery(
      { ...query },
      {
        since: instantParam(),
        order_id: textParam(ORDER_ID_PATTERN, 'an order id'),
        limit: intParam(1000, 1, 10_000),
      },
    );
    const fills = await this.fills.list({ since, orderId: order_id, limit });
    return { since, count: fills.length, fills };
  }
}
