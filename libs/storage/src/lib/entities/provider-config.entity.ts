import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SCHEMA } from './schema';

@Entity({ schema: SCHEMA, name: 'provider_config' })
export class ProviderConfigEntity {
  @PrimaryColumn({
    name: 'provider_name',
    type: 'varchar',
    length: 50,
    primaryKeyConstraintName: 'provider_config_pkey',
  })
  providerName!: string;

  @Column({ name: 'api_key_hash', type: 'varchar', length: 255, nullable: true })
  apiKeyHash!: string | null;

  @Column({ name: 'rate_limit_per_minute', type: 'integer', nullable: true })
  rateLimitPerMinute!: number | null;

  @Column({ name: 'is_active', type: 'boolean', nullable: true, default: true })
  isActive!: boolean | null;

  @Column({ name: 'last_updated', type: 'timestamptz', nullable: true, default: () => 'now()' })
  lastUpdated!: Date | null;
}
