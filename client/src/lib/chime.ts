/** Two short tones through Web Audio: no file to load, and it works offline. */
export function chime(): void {
  const AudioContextClass = window.AudioContext as typeof AudioContext | undefined;
  if (!AudioContextClass) return;
  const ctx = new AudioContextClass();
  [0, 0.25].forEach((start, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = i === 0 ? 880 : 660;
    gain.gain.setValueAtTime(0.2, ctx.currentTime + start);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + start + 0.2);
    osc.connect(gain).connect(ctx.destination);
    osc.start(ctx.currentTime + start);
    osc.stop(ctx.currentTime + start + 0.22);
  });
  setTimeout(() => void ctx.close(), 1000);
}
