import { itBehavesLikeAService } from '@mdi/testing';
import { serviceDefinition } from './service-definition';

itBehavesLikeAService(serviceDefinition, {});
