// Ideas a workshop got from a template are prompts: the room keeps or the facilitator deletes them.

/** True for an idea seeded from a template (`source: "template"`). */
export function isTemplatePrompt(idea: { source: string }): boolean {
  return idea.source === 'template';
}
