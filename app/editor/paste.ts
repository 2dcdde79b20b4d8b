// Whether pasted text holds whole Kubernetes objects (a Pod, a `kubectl get -o yaml` dump), as
// opposed to a value or a line: such a paste opens the run at its end (app/share/view.ts).
export function pastesObjects(text: string): boolean {
  return /^\s*kind:\s*\S/m.test(text) || /"kind"\s*:\s*"/.test(text);
}
