import { describeValue } from '@mdi/domain';
import { RefusalMessage } from '@mdi/platform';
import { IsOptional, IsString } from 'class-validator';

/** POST /operations/end-of-day: no body (the scheduled tick) or `{date}`; the date's rules are the end-of-day service's. */
@RefusalMessage('invalid end-of-day request')
export class EndOfDayBody {
  @IsOptional()
  @IsString({ message: (args) => `date must be a YYYY-MM-DD date, got ${describeValue(args.value)}` })
  date?: string;
}
