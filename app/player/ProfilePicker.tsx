// "profile: default-scheduler ▾" in the top bar (UX.md): the scheduler profiles of the scenario
// as the engine ran them (RunResult.profiles), their cycle counts in the tooltip. Picking one filters the
// timeline to that profile's cycles (stepping, playing and Shift+→ visit only them) and jumps to
// its first cycle; "all profiles" lifts the filter.
import { useMemo } from 'react';
import { useRun } from '../store/run';
import { usePlayer } from '../store/player';

export function ProfilePicker() {
  const result = useRun((s) => s.result);
  const pb = useRun((s) => s.playback);
  const profile = usePlayer((s) => s.profile);
  const { profiles, counts } = useMemo(() => {
    const counts = new Map<string, number>();
    for (const c of pb?.cycles ?? []) counts.set(c.profile, (counts.get(c.profile) ?? 0) + 1);
    const profiles = result?.profiles?.length ? result.profiles : [...counts.keys()];
    return { profiles, counts };
  }, [result, pb]);
  if (!profiles.length) return null;
  const total = pb?.cycles.length ?? 0;
  const cycles = (n: number) => `${n} cycle${n === 1 ? '' : 's'}`;
  return (
    <label
      className="profile-picker"
      title={`Scheduler profiles (cycles): ${profiles.map((p) => `${p} (${counts.get(p) ?? 0})`).join(', ')}. Pick one to step through its cycles only.`}
    >
      <span className="muted">profile:</span>
      <select
        aria-label="Scheduler profile"
        value={profile ?? (profiles.length === 1 ? profiles[0] : '')}
        onChange={(e) => usePlayer.getState().setProfile(e.target.value || null)}
      >
        {profiles.length > 1 && <option value="">all ({cycles(total)})</option>}
        {profiles.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
    </label>
  );
}
