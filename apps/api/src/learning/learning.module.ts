import { Module } from '@nestjs/common';

/** Self-enrolment, My learning, and completion of document and article lessons. */
@Module({})
export class LearningModule {}
