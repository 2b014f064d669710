#!/usr/bin/env bash
# shoot.sh — regenerates the README's pictures of the wizard from a real run:
# it builds tako-setup, runs `tako-setup --demo` in an 80×24 tmux window,
# answers it like a person (the demo console fixes what the checks find),
# captures the screens with `tmux capture-pane -e`, and renders them to SVG
# with ./ansi2svg. Nothing in the pictures is drawn by hand.
#
#   wizard/screenshot/shoot.sh        (needs tmux)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=assets/screenshots
mkdir -p "$out"
work=$(mktemp -d)
session=tako-shot-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/tako-setup" ./cmd/tako-setup
go build -o "$work/ansi2svg" ./wizard/screenshot/ansi2svg

tmux new-session -d -s "$session" -x 80 -y 24 \
  "cd '$work' && TERM=xterm-256color COLORTERM=truecolor '$work/tako-setup' --demo --env-file '$work/.env'; sleep 30"

# wait_for TEXT: until the screen shows TEXT (10 s at most).
wait_for() {
  for _ in $(seq 100); do
    if tmux capture-pane -t "$session" -p | grep -qF -- "$1"; then sleep 0.3; return 0; fi
    sleep 0.1
  done
  echo "shoot.sh: the screen never showed: $1" >&2
  tmux capture-pane -t "$session" -p >&2
  exit 1
}
key() { tmux send-keys -t "$session" "$@"; }
shot() { tmux capture-pane -t "$session" -p -e | "$work/ansi2svg" -title "tako-setup --demo" > "$out/$1"; echo "wrote $out/$1"; }

wait_for "Welcome";                     key Enter
wait_for "Okta org URL";                key Enter
wait_for "Okta org found";              key Enter
wait_for "How should Tako sign in";     key Enter
wait_for "ctrl+o create the app";       key C-o
wait_for "API Services app found";      key Enter
wait_for "Where is the app's private";  key Enter
wait_for "paste this public key";       key C-o
wait_for "Key accepted";                key Enter
wait_for "The app requires DPoP"
shot wizard-dpop.svg
key C-o
wait_for "DPoP not required";           key Enter
wait_for "are not granted";             key C-o
wait_for "All scopes granted";          key Enter
wait_for "ctrl+o add a custom role";    key C-o
wait_for "can read what Tako asks for"; key Enter
wait_for "Recommended OKTA_CONCURRENT"; key Enter
wait_for "Write these changes?";        key Enter
wait_for "Re-read from disk"
shot wizard-done.svg
key Enter

# The automatic branch: the method step's third choice on a fresh demo.
tmux kill-session -t "$session" 2>/dev/null || true
rm -f "$work/.env"
tmux new-session -d -s "$session" -x 80 -y 24 \
  "cd '$work' && TERM=xterm-256color COLORTERM=truecolor '$work/tako-setup' --demo --env-file '$work/.env'; sleep 30"
wait_for "Welcome";                     key Enter
wait_for "Okta org URL";                key Enter
wait_for "Okta org found";              key Enter
wait_for "How should Tako sign in";     key Down Down
wait_for "› 3. Let tako-setup do";      key Enter
wait_for "ctrl+o create a temporary";   key C-o
wait_for "Scopes granted:"
shot wizard-automatic.svg
wait_for "System Log shows"
key Enter
