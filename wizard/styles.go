package wizard

import (
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles are built once per (colour, background) and never inside View.
type Styles struct {
	Color bool

	Header, HeaderDim    lipgloss.Style
	Title                lipgloss.Style
	Plain, Dim, Bold     lipgloss.Style
	Pass, Warn, Fail     lipgloss.Style
	Current              lipgloss.Style
	Link                 lipgloss.Style
	FieldLabel, FieldErr lipgloss.Style
	Selected             lipgloss.Style
	Key                  lipgloss.Style
	Panel                lipgloss.Style
	Input                textinput.Styles
}

// Symbols are the status marks; they carry the meaning on their own, so
// nothing depends on colour.
const (
	symPass     = "✓"
	symWarn     = "!"
	symFail     = "✗"
	symCurrent  = "▸"
	symPending  = "·"
	symChecking = "…"
	symWaiting  = "○"
)

// NewStyles builds the styles. With color false (NO_COLOR, or a terminal
// without colour) only bold and faint are used.
func NewStyles(color, isDark bool) Styles {
	s := Styles{Color: color}
	plain := lipgloss.NewStyle()
	s.Plain = plain
	s.Bold = plain.Bold(true)
	s.Title = plain.Bold(true)
	s.Dim = plain.Faint(true)
	s.Header = plain.Bold(true)
	s.HeaderDim = plain.Faint(true)
	s.Current = plain.Bold(true)
	s.Pass, s.Warn, s.Fail = plain, plain.Bold(true), plain.Bold(true)
	s.Link = plain.Underline(true)
	s.FieldLabel = plain.Bold(true)
	s.FieldErr = plain.Bold(true)
	s.Selected = plain.Bold(true)
	s.Key = plain.Bold(true)
	s.Panel = plain.Border(lipgloss.NormalBorder()).Padding(0, 1)
	s.Input = textinput.DefaultStyles(isDark)
	s.Input.Cursor.Blink = false
	if !color {
		none := lipgloss.NewStyle()
		s.Input.Focused = textinput.StyleState{Text: none, Placeholder: none.Faint(true), Suggestion: none, Prompt: none}
		s.Input.Blurred = textinput.StyleState{Text: none.Faint(true), Placeholder: none.Faint(true), Suggestion: none, Prompt: none.Faint(true)}
		return s
	}
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A56E0"), lipgloss.Color("#8B87FF"))
	green := ld(lipgloss.Color("#1A7F37"), lipgloss.Color("#3FB950"))
	yellow := ld(lipgloss.Color("#9A6700"), lipgloss.Color("#D29922"))
	red := ld(lipgloss.Color("#CF222E"), lipgloss.Color("#F85149"))
	s.Header = s.Header.Foreground(accent)
	s.Title = s.Title.Foreground(accent)
	s.Current = s.Current.Foreground(accent)
	s.Pass = s.Pass.Foreground(green)
	s.Warn = s.Warn.Foreground(yellow)
	s.Fail = s.Fail.Foreground(red)
	s.FieldErr = s.FieldErr.Foreground(red)
	s.Selected = s.Selected.Foreground(accent)
	s.Key = s.Key.Foreground(accent)
	s.Link = s.Link.Foreground(accent)
	s.Panel = s.Panel.BorderForeground(accent)
	return s
}
