import { FillRepository, OrderRepository } from '@mdi/storage';
import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ORDER_STATUS_FILTERS, statusesFor } from './order-status-filter';
import { instantParam, intParam, oneOfParam, readQuery, textParam } from './query-params';

/** Orders and fills as stored; money stays a decimal string end to end. */
@Controller()
export class OrdersController {
  constructor(
    private readonly orders: OrderRepository,
    private readonly fills: FillRepository,
  ) {}

  /** Newest submitted first. */
  @Get('orders')
  async list(@Query() query: Record<string, unknown>) {
    const { status, limit } = readQuery(query, { status: oneOfParam(ORDER_STATUS_FILTERS, 'all'), limit: intParam(100, 1, 5000) });
    const orders = await this.orders.list({ statuses: statusesFor(status), limit });
    return { status, count: orders.length, orders };
  }

  /** Every status an order was seen in. */
  @Get('orders/history')
  async history(@Query() query: Record<string, unknown>) {
    const { order_id } = readQuery(query, { order_id: textParam(/^[A-Za-z0-9-]{1,64}$/, 'an order id') });
    if (order_id === null) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['order_id is required'] });
    return { orderId: order_id, statuses: await this.orders.statusHistory(order_id) };
  }

  /** Oldest first, from `since` (RFC 3339) on. */
  @Get('fills')
  async fillsSince(@Query() query: Record<string, unknown>) {
    const { since, order_id, limit } = readQuery(query, {
      since: instantParam(),
      order_id: textParam(/^[A-Za-z0-9-]{1,64}$/, 'an order id'),
      limit: intParam(1000, 1, 10_000),
    });
    const fills = await this.fills.list({ since, orderId: order_id, limit });
    return { since, count: fills.length, fills };
  }
}
