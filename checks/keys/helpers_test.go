package keys

import (
	"encoding/json"
	"testing"
)

func decodeJSON(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func encodeJSON(t testing.TB, m map[string]any) string {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func removeMembers(t testing.TB, jwk string, names ...string) string {
	t.Helper()
	m := decodeJSON(t, jwk)
	for _, n := range names {
		delete(m, n)
	}
	return encodeJSON(t, m)
}
