// From source, run with -r ./libs/providers/src/bin/polygon-esm-resolution.ts (see README); the build bundles the SDK.
import { runService } from '@mdi/platform';
import { serviceDefinition } from './app/service-definition';

void runService(serviceDefinition);
