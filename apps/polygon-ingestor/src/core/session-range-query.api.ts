import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { SESSION_DATE } from './api-schemas';

/** The optional `from`/`to` session range of a request, with the defaults every such route applies. */
export function ApiSessionRangeQuery(): MethodDecorator {
  return applyDecorators(
    ApiQuery({
      name: 'from',
      required: false,
      schema: SESSION_DATE,
      description: "default: the start of the history Polygon's plan serves",
    }),
    ApiQuery({
      name: 'to',
      required: false,
      schema: SESSION_DATE,
      description: 'default: the last session Polygon has published',
    }),
  );
}
