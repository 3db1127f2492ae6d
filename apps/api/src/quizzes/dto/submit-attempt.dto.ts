import { ApiProperty } from '@nestjs/swagger';
import type { QuizAnswer } from '@academy/contracts';
import { IsDefined, IsObject } from 'class-validator';

export class SubmitAttemptDto {
  @ApiProperty({
    description:
      'By question id: the chosen option ids (single choice: at most one) or, for true/false, a boolean. ' +
      'Questions left out score 0; the service refuses anything else with ANSWER_INVALID.',
    example: { '6f1c…': ['a2d4…'], '9b7e…': true },
  })
  @IsDefined()
  @IsObject()
  answers: Record<string, QuizAnswer>;
}
