import { Section } from '../../components/Page.tsx';

export function InstructionsPanel({ projectId }: { projectId: string }) {
  return <Section title="Instructions">{projectId}</Section>;
}
