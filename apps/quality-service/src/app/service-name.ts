export const SERVICE_NAME = 'quality-service';
