import { describe, expect, it } from '@jest/globals';
import { isInternalComment, type CommentAudience } from '../../src/domain/index.ts';

describe('whether the customer sees a comment', () => {
  it.each<[string, CommentAudience]>([
    ['nothing said at all (a plain Jira comment)', {}],
    ['jsdPublic true', { jsdPublic: true }],
    [
      'jsdPublic true and no visibility (null, as some bodies send it)',
      {
        jsdPublic: true,
        visibility: null,
      },
    ],
    ['a visibility that names nothing', { jsdPublic: true, visibility: {} }],
    [
      'the JSM property saying it is not internal',
      {
        jsdPublic: true,
        properties: { 'sd.public.comment': { internal: false } },
      },
    ],
    [
      'other properties only (the service marks its public comments)',
      {
        properties: { 'jira-support': { kind: 'closing', cycle: '7' } },
      },
    ],
  ])('public: %s', (_, comment) => {
    expect(isInternalComment(comment)).toBe(false);
  });

  it.each<[string, CommentAudience]>([
    ['jsdPublic false (a JSM internal note)', { jsdPublic: false }],
    // Jira keeps jsdPublic true for these: only the restriction says the customer cannot read it.
    [
      'restricted to a role, jsdPublic true',
      {
        jsdPublic: true,
        visibility: { type: 'role', value: 'Service Desk Team', identifier: 'Service Desk Team' },
      },
    ],
    [
      'restricted to a group, jsdPublic true',
      {
        jsdPublic: true,
        visibility: { type: 'group', value: 'suporte', identifier: '3f7a-group-id' },
      },
    ],
    [
      'restricted to a group named only by its id',
      {
        jsdPublic: true,
        visibility: { type: 'group', identifier: '3f7a-group-id' },
      },
    ],
    [
      'the property sd.public.comment {internal: true}, jsdPublic true',
      {
        jsdPublic: true,
        properties: { 'sd.public.comment': { internal: true } },
      },
    ],
    [
      'the property sd.public.comment {internal: true}, nothing else said',
      {
        properties: { 'sd.public.comment': { internal: true } },
      },
    ],
  ])('internal: %s', (_, comment) => {
    expect(isInternalComment(comment)).toBe(true);
  });

  it('is internal when any one of the three says so, whatever the others say', () => {
    const restricted = { type: 'role', value: 'Administrators' };
    const marked = { 'sd.public.comment': { internal: true } };
    for (const jsdPublic of [true, false, undefined]) {
      for (const visibility of [restricted, undefined]) {
        for (const properties of [marked, {}]) {
          const comment: CommentAudience = {
            ...(jsdPublic !== undefined ? { jsdPublic } : {}),
            ...(visibility ? { visibility } : {}),
            properties,
          };
          const expected = jsdPublic === false || visibility !== undefined || properties === marked;
          expect(isInternalComment(comment)).toBe(expected);
        }
      }
    }
  });
});
