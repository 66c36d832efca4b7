// First: lets plain Node (tests, the CLI) require the ESM-only Polygon SDK.
import './polygon-esm-resolution';
import { runService } from '@mdi/platform';
import { serviceDefinition } from './app/service-definition';

void runService(serviceDefinition);
