import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Every module of a folder (recursively) and the project modules each imports, as paths without extension. */
export function importGraph(root: string, folder: string): Map<string, string[]> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(root, dir))) {
      const rel = path.join(dir, name);
      if (statSync(path.join(root, rel)).isDirectory()) walk(rel);
      else if (/\.tsx?$/.test(name)) files.push(rel);
    }
  };
  walk(folder);
  const modules = new Set(files.map((f) => f.replace(/\.tsx?$/, "")));
  const resolve = (from: string, spec: string): string | null => {
    const target = spec.startsWith("@/") ? spec.slice(2) : spec.startsWith(".") ? path.join(path.dirname(from), spec) : null;
    if (target === null) return null;
    const normal = path.normalize(target);
    if (modules.has(normal)) return normal;
    if (modules.has(path.join(normal, "index"))) return path.join(normal, "index");
    return normal;
  };
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const from = file.replace(/\.tsx?$/, "");
    const text = readFileSync(path.join(root, file), "utf8");
    const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
      (m) => m[1] ?? m[2],
    );
    graph.set(from, [...new Set(specs.map((s) => resolve(from, s)).filter((s): s is string => s !== null))]);
  }
  return graph;
}

/** Every external package a module imports (the first part of the specifier). */
export function packagesOf(root: string, file: string): string[] {
  const text = readFileSync(path.join(root, file), "utf8");
  return [...text.matchAll(/from\s+["']([^"'.@][^"']*|@[^/"']+\/[^/"']+)[^"']*["']/g)].map((m) => m[1].split("/")[0]);
}

/** The import cycles of a graph, each as the list of its modules (Tarjan's strongly connected components). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return cycles;
}
