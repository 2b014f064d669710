// Package envfiletest is a test helper: a model of how Tako loads a .env
// at start-up, kept apart from the writer it judges (tests only).
package envfiletest

import (
	"fmt"
	"strconv"
	"strings"

	composedotenv "github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/joho/godotenv"

	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// TakoStarts models Tako's start-up on data (docs/tako-env.md, "What makes
// Tako refuse to start") and returns why Tako would refuse it, or nil. It
// reads the file as each reader Tako may be run with does — python-dotenv
// (local runs; envfile's parser follows its grammar, which the readers
// tests hold to python-dotenv itself), compose-go's dotenv (docker compose)
// and godotenv, when they can read the file — and for each:
//   - no variable's name or value holds a NUL byte (python-dotenv's
//     load_dotenv fails with "embedded null byte");
//   - OKTA_CLIENT_ORGURL and OKTA_API_TOKEN are both set, whatever
//     TOKEN_METHOD is (pydantic's "Field required"; empty is accepted, and
//     the legacy aliases do not count);
//   - OKTA_CONCURRENT_LIMIT, when set, is what Python's int() accepts.
//
// It deliberately does not use checks/takoenv, the code under test.
func TakoStarts(data []byte) error {
	readings := map[string]map[string]string{"python-dotenv": {}}
	doc := envfile.Parse(data)
	for _, k := range doc.Keys() {
		if v, ok := doc.Get(k); ok {
			readings["python-dotenv"][k] = v
		}
	}
	// A file the other readers refuse (a line of the user's they cannot
	// read, kept as it was) is judged by python-dotenv alone.
	if g, err := godotenv.UnmarshalBytes(data); err == nil {
		readings["godotenv"] = g
	}
	if c, err := composedotenv.UnmarshalBytesWithLookup(data, nil); err == nil {
		readings["docker compose"] = c
	}
	for reader, vars := range readings {
		for k, v := range vars {
			if strings.ContainsRune(k, 0) || strings.ContainsRune(v, 0) {
				return fmt.Errorf("%s: a NUL byte in %q stops python-dotenv", reader, strings.ReplaceAll(k, "\x00", `\0`))
			}
		}
		for _, k := range []string{"OKTA_CLIENT_ORGURL", "OKTA_API_TOKEN"} {
			if _, ok := vars[k]; !ok {
				return fmt.Errorf("%s: %s Field required", reader, k)
			}
		}
		if v, ok := vars["OKTA_CONCURRENT_LIMIT"]; ok && !pythonInt(v) {
			return fmt.Errorf("%s: OKTA_CONCURRENT_LIMIT is not an integer for Python", reader)
		}
	}
	return nil
}

// pythonInt reports whether Python's int() accepts s: surrounding
// whitespace, a sign, digits with single underscores between them.
func pythonInt(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "+-")
	if s == "" || strings.HasPrefix(s, "_") || strings.HasSuffix(s, "_") || strings.Contains(s, "__") {
		return false
	}
	_, err := strconv.ParseUint(strings.ReplaceAll(s, "_", ""), 10, 64)
	return err == nil
}
