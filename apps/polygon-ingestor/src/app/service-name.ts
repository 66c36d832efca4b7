export const SERVICE_NAME = 'polygon-ingestor';
