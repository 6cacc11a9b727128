export default function PreviewLoading() {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <h1 className="text-xl font-semibold">Preview: what a sync would change now</h1>
      <p className="text-sm text-slate-600">Reading employees from BambooHR and comparing them with Roster. Nothing is changed.</p>
      <div className="h-40 animate-pulse rounded-lg bg-slate-200" />
    </div>
  );
}
