import { runService } from '@mdi/platform';
import { serviceDefinition } from './app/service-definition';

void runService(serviceDefinition);
