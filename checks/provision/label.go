package provision

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CheckLabel accepts an app label Okta is sent as typed: one line of at
// most 100 printable characters, without control or bidirectional
// formatting characters (which would make the label shown in the Admin
// Console differ from what it reads as, and could hide text).
func CheckLabel(v string) error {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return errors.New("give the app a label, such as Tako")
	case !utf8.ValidString(v):
		return errors.New("the label is not valid UTF-8 text")
	case utf8.RuneCountInString(v) > 100:
		return errors.New("the label is longer than 100 characters")
	}
	for _, r := range v {
		switch {
		case r == '\n' || r == '\r':
			return errors.New("the label must be one line")
		case unicode.Is(unicode.Bidi_Control, r), r == '\u200b', r == '\ufeff':
			return fmt.Errorf("the label holds an invisible formatting character (U+%04X)", r)
		case unicode.IsControl(r) || !unicode.IsPrint(r) && r != ' ':
			return fmt.Errorf("the label holds a control character (U+%04X)", r)
		}
	}
	return nil
}

// lock takes the automatic runs' lock when the store has one; a run that
// holds it makes this one a refusal (nothing changed, token not used).
func lock(st Store) (func(), error) {
	l, ok := st.(Locker)
	if !ok {
		return func() {}, nil
	}
	unlock, err := l.Lock()
	if errors.Is(err, ErrBusy) {
		return nil, &RefusedError{
			// err reads "<ErrBusy> (it holds <lock file>)": say the sentence once.
			Reason: "Another automatic setup or rotation is running on this machine" + strings.TrimPrefix(err.Error(), ErrBusy.Error()) +
				"; two at once would each deactivate the other's key. Nothing was changed and the admin token was not used.",
			Fix: "Wait for the other run to end, then run tako-setup again."}
	}
	if err != nil {
		return func() {}, nil // no lock possible here: run unlocked, as the .env writer does
	}
	return unlock, nil
}
