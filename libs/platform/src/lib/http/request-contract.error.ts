import { BadRequestException } from '@nestjs/common';
import { badRequestBody } from './error-body';

/** A request refused by its declared contract (DTO, content type): 400 with every reason, each naming its field. */
export class RequestContractError extends BadRequestException {
  constructor(
    readonly reasons: readonly string[],
    summary?: string,
  ) {
    super(badRequestBody(reasons, summary));
  }
}
