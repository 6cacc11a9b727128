"use client";

import Link from "next/link";
import { useState } from "react";
import { inputClass, secondaryButtonClass } from "@/app/_components/ui";
import type { ChartNode } from "@/lib/directory/org-chart";

const PALETTE = ["#4f46e5", "#0891b2", "#059669", "#d97706", "#db2777", "#7c3aed", "#dc2626", "#65a30d", "#2563eb", "#9333ea"];
/** One colour per department name, the same on every visit. */
function departmentColour(name: string | null): string {
  if (!name) return "#94a3b8";
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

type Match = { id: string; name: string; title: string | null; path: string[] };

async function fetchChildren(id: string): Promise<ChartNode[]> {
  const res = await fetch(`/admin/org-chart/data?parent=${id}`);
  return res.ok ? ((await res.json()) as { children: ChartNode[] }).children : [];
}

/** The manager tree: expand and collapse (reports load when opened), and a search that opens the way to a person. */
export function OrgTree({ roots }: { roots: ChartNode[] }) {
  const [open, setOpen] = useState<Record<string, ChartNode[]>>({});
  const [highlight, setHighlight] = useState<string | null>(null);
  const [matches, setMatches] = useState<Match[] | null>(null);
  const [query, setQuery] = useState("");

  const toggle = async (id: string) => {
    if (open[id]) {
      setOpen((o) => Object.fromEntries(Object.entries(o).filter(([key]) => key !== id)));
      return;
    }
    const children = await fetchChildren(id);
    setOpen((o) => ({ ...o, [id]: children }));
  };

  const reveal = async (match: Match) => {
    const opened: Record<string, ChartNode[]> = {};
    for (const id of match.path) opened[id] = open[id] ?? (await fetchChildren(id));
    setOpen((o) => ({ ...o, ...opened }));
    setHighlight(match.id);
    setMatches(null);
    setTimeout(() => document.getElementById(`node-${match.id}`)?.scrollIntoView({ block: "center" }), 50);
  };

  const search = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!query.trim()) return;
    const res = await fetch(`/admin/org-chart/data?search=${encodeURIComponent(query.trim())}`);
    setMatches(res.ok ? ((await res.json()) as { matches: Match[] }).matches : []);
  };

  const render = (nodes: ChartNode[]) => (
    <ul className="space-y-1 border-l border-slate-200 pl-4">
      {nodes.map((n) => (
        <li key={n.id}>
          <div
            id={`node-${n.id}`}
            className={`flex flex-wrap items-center gap-2 rounded-md border px-2 py-1 text-sm ${n.active ? "bg-white" : "border-dashed bg-slate-100 text-slate-600"} ${highlight === n.id ? "ring-2 ring-indigo-500" : ""}`}
            style={{ borderLeft: `4px solid ${departmentColour(n.department)}` }}
          >
            {n.direct > 0 ? (
              <button
                type="button"
                onClick={() => void toggle(n.id)}
                aria-expanded={!!open[n.id]}
                aria-label={`${open[n.id] ? "Collapse" : "Expand"} ${n.name}`}
                className="h-6 w-6 rounded border border-slate-300 text-xs"
              >
                {open[n.id] ? "−" : "+"}
              </button>
            ) : (
              <span className="inline-block w-6" aria-hidden="true" />
            )}
            <Link
              href={`/admin/users/${n.id}`}
              className={`font-medium underline underline-offset-2 ${n.active ? "text-indigo-700 decoration-indigo-300" : "text-slate-700 decoration-slate-400"}`}
            >
              {n.name}
            </Link>
            {n.title ? <span className="text-slate-600">{n.title}</span> : null}
            {n.department ? <span className="text-xs text-slate-500">{n.department}</span> : null}
            {!n.active ? <span className="text-xs text-slate-600">(inactive)</span> : null}
            {n.direct > 0 ? (
              <span className="text-xs text-slate-600">
                {n.direct} direct · {n.total} in all
              </span>
            ) : null}
          </div>
          {open[n.id] ? render(open[n.id]) : null}
        </li>
      ))}
    </ul>
  );

  return (
    <div>
      <form role="search" onSubmit={search} className="mb-3 flex flex-wrap gap-2">
        <label htmlFor="chart-q" className="sr-only">
          Find a person in the chart
        </label>
        <input
          id="chart-q"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Find a person"
          className={inputClass + " max-w-sm"}
        />
        <button type="submit" className={secondaryButtonClass}>
          Find
        </button>
      </form>
      {matches ? (
        matches.length === 0 ? (
          <p className="mb-3 text-sm text-slate-600">Nobody matches.</p>
        ) : (
          <ul className="mb-3 flex flex-wrap gap-2" aria-label="Matches">
            {matches.map((m) => (
              <li key={m.id}>
                <button type="button" onClick={() => void reveal(m)} className={secondaryButtonClass}>
                  Show {m.name}
                  {m.title ? `, ${m.title}` : ""}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {roots.length === 0 ? <p className="text-sm text-slate-600">Nobody reports to anyone yet.</p> : render(roots)}
    </div>
  );
}
