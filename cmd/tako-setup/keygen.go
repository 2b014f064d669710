package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/fctr-id/tako-setup/checks/keys"
)

// defaultKeyFile is where `tako-setup keygen` writes the private key.
const defaultKeyFile = "tako-okta-private-key.pem"

type keygenOptions struct {
	bits  int
	out   string
	force bool
}

// keygenDeps are keygen's side effects, replaced in tests.
type keygenDeps struct {
	// isTerminal reports whether w is a terminal (for the OSC 52 copy).
	isTerminal func(w io.Writer) bool
}

func newKeygenCmd() *cobra.Command {
	return newKeygenCmdWith(keygenDeps{isTerminal: writerIsTerminal})
}

func newKeygenCmdWith(deps keygenDeps) *cobra.Command {
	opts := &keygenOptions{}
	cmd := &cobra.Command{
		Use:   "keygen",
		Short: "Generate an RSA key pair for Tako's Okta app",
		Long: `keygen makes a new RSA key pair on this machine, for the OAuth 2.0 API
Services app Tako signs in with.

The private key is written as PKCS#8 PEM (the only form Tako reads) to
--out, readable by you alone (mode 0600); it never leaves this machine. The
public key is printed on standard output as a JWK (kid = its RFC 7638
thumbprint, use sig, alg RS256) to paste into Okta: your app > General >
Client Credentials > Edit > Public key / Private key > Add key. On a
terminal it is also sent to the terminal's clipboard (OSC 52). Messages go to
standard error, so
  tako-setup keygen > public-jwk.json
keeps just the JSON.`,
		Example: `  tako-setup keygen
  tako-setup keygen --bits 3072 --out /etc/tako/okta-key.pem`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runKeygen(cmd, opts, deps)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.bits, "bits", 2048, "key size: 2048, 3072 or 4096")
	f.StringVarP(&opts.out, "out", "o", defaultKeyFile, "file for the private key (PKCS#8 PEM, mode 0600)")
	f.BoolVar(&opts.force, "force", false, "replace --out if it already exists")
	return cmd
}

// runKeygen does the work. Error messages start with an ordinary word:
// fang capitalises the first word of an error, which would mangle a leading
// path or flag name.
func runKeygen(cmd *cobra.Command, opts *keygenOptions, deps keygenDeps) error {
	if !validKeySize(opts.bits) {
		return usagef("key size %d (--bits) is not offered: choose 2048, 3072 or 4096", opts.bits)
	}
	if strings.TrimSpace(opts.out) == "" {
		return usagef("the private key needs a file name (--out)")
	}
	out, err := filepath.Abs(expandHome(opts.out))
	if err != nil {
		return usagef("cannot use %s as the private key file (--out): %v", opts.out, err)
	}
	if fi, err := os.Stat(out); err == nil {
		if fi.IsDir() {
			return usagef("the --out path %s is a directory; give a file name", out)
		}
		if !fi.Mode().IsRegular() {
			return notRegularKeyFile(out)
		}
		if !opts.force {
			return usagef("the file %s already exists; choose another --out, or add --force to replace it (the key in it will be lost)", out)
		}
	}

	key, err := keys.Generate(opts.bits)
	if err != nil {
		return fmt.Errorf("generating the key: %w", err)
	}
	if err := writePrivateKey(out, []byte(key.PEM().Reveal()), opts.force); err != nil {
		return err
	}

	var jwk bytes.Buffer
	if err := json.Indent(&jwk, key.PublicJWK(), "", "  "); err != nil {
		return fmt.Errorf("formatting the public key: %w", err)
	}
	jwk.WriteByte('\n')

	stderr, stdout := cmd.ErrOrStderr(), cmd.OutOrStdout()
	fmt.Fprintf(stderr, "Generated an RSA %d-bit key pair.\n", key.Bits)
	fmt.Fprintf(stderr, "Private key: %s (PKCS#8, mode 0600). Keep it secret; it goes into your .env as OKTA_OAUTH2_PRIVATE_KEY_PEM.\n", out)
	fmt.Fprintf(stderr, "Key ID (kid): %s\n\n", key.KID)
	fmt.Fprintln(stderr, "Public key for Okta: in your API Services app, open General > Client Credentials > Edit,")
	fmt.Fprintln(stderr, "choose Public key / Private key, click Add key and paste this JSON:")
	if _, err := stdout.Write(jwk.Bytes()); err != nil {
		return fmt.Errorf("printing the public key: %w", err)
	}
	if deps.isTerminal != nil && deps.isTerminal(stdout) {
		fmt.Fprint(stdout, ansi.SetSystemClipboard(strings.TrimSpace(jwk.String())))
		fmt.Fprintln(stderr, "(Also sent to your terminal's clipboard with OSC 52; some terminals and tmux ignore it.)")
	}
	return nil
}

func validKeySize(bits int) bool {
	for _, b := range keys.GenerateSizes {
		if b == bits {
			return true
		}
	}
	return false
}

// writePrivateKey writes pem with mode 0600. Without force it never replaces
// an existing file (O_EXCL); with force it writes a temporary file beside the
// target and renames it over, so the old key is never half-overwritten.
func writePrivateKey(path string, pem []byte, force bool) error {
	if !force {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return usagef("the file %s already exists; choose another --out, or add --force to replace it", path)
		}
		if err != nil {
			return fmt.Errorf("writing the private key: %w", err)
		}
		return finishKeyFile(f, path, pem)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tako-setup-*.tmp")
	if err != nil {
		return fmt.Errorf("writing the private key: %w", err)
	}
	if err := finishKeyFile(f, f.Name(), pem); err != nil {
		return err
	}
	// Looked at again just before the rename: a device node or FIFO put
	// there since runKeygen's check must not be replaced either.
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		_ = os.Remove(f.Name())
		return notRegularKeyFile(path)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("writing the private key: %w", err)
	}
	return nil
}

// notRegularKeyFile refuses an --out that exists but is not a regular file
// (a device node, a FIFO, a socket): --force replaces a key file, never
// anything else — renaming over /dev/null would destroy it.
func notRegularKeyFile(path string) error {
	return usagef("the --out path %s is not a regular file (a device, pipe or socket); --force replaces only a key file: give another file name", path)
}

func finishKeyFile(f *os.File, name string, pem []byte) error {
	_, err := f.Write(pem)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(name)
		return fmt.Errorf("writing the private key: %w", err)
	}
	return nil
}

// expandHome turns a leading ~/ into the home directory (for a quoted path
// the shell did not expand).
func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	return p
}

// writerIsTerminal reports whether w is a terminal.
func writerIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
