package termtext

// Samples are strings that act on a terminal or hide what they are, one
// of each kind Line and Text make inert. Tests plant them wherever text
// comes from (a .env, the progress file, Okta, a proxy, a file name).
var Samples = []string{
	"\x1b]0;pwned\x07",       // OSC 0: window title
	"\x1b]52;c;cHduZWQ=\x07", // OSC 52: clipboard
	"\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", // OSC 8: a link
	"\x1b[2J\x1b[H",                      // clear the screen
	"\x9b31m\x9d0;raw C1\x07",            // raw C1 bytes (not UTF-8)
	"\u009b31m\u009d0;C1 runes\u009c",    // C1 as UTF-8
	"admin\u202egnp.exe",                 // right-to-left override
	"\u2066isolate\u2069\u200e\u200f",    // bidi isolates and marks
	"zero\u200bwidth\u200c\u200d\u2060",  // zero-width characters
	"\ufeffbom",                          // byte-order mark
	"line\nforged [ok] line\r\rx\u2028y", // line breaks
	"\xff\xfe invalid UTF-8 \xc3",
	"tag\U000E0041\U000E0042",
}
