export { useServerAction as useRunAction } from "@/components/ui/use-server-action";

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
