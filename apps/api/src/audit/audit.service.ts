import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(
    actorId: string | null,
    action: string,
    targetType: string,
    targetId: string | null,
    data: Record<string, unknown> = {},
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO audit_events (actor_id, action, target_type, target_id, data) VALUES ($1, $2, $3, $4, $5)`,
      [actorId, action, targetType, targetId, JSON.stringify(data)],
    );
  }
}
