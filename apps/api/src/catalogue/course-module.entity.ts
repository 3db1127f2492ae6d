import type { LocalizedText } from '@academy/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Course } from './course.entity.js';

@Entity('course_modules')
@Index('course_modules_course_idx', ['courseId', 'position'])
export class CourseModule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'course_id', type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Relation<Course>;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'jsonb' })
  title: LocalizedText;
}
