package envfile

// trickyFiles are .env texts that exercise every corner of the grammar. The
// parser tests, the python-dotenv comparison and the fuzz targets all use
// them. No value in them is a real credential.
var trickyFiles = map[string]string{
	"simple":              "A=1\nB=two\n",
	"export":              "export A=1\nexport  B=2\nexport=3\nexport\tC=4\n",
	"spaces around equal": "A = 1\nB\t=\t2\nC =\n",
	"quotes":              "A='single'\nB=\"double\"\nC=''\nD=\"\"\nE=\n",
	"double escapes":      `A="l1\nl2\tt\\b\"q\'s"` + "\n" + `B="\a\b\f\v\r\x41\u0041"` + "\n",
	"single escapes":      `A='it\'s \\ \n'` + "\n",
	"inline comments":     "A=value # comment\nB=value#not comment\nC=\"quoted\" # comment\nD='x'#c\nE=#x\nF= #x\nG=a  #b #c\n",
	"multiline":           "A=\"line1\nline2\n  line3\"\nB='x\ny'\nC=after\n",
	"pem":                 "K=\"-----BEGIN PRIVATE KEY-----\nAAAA\nBBBB\n-----END PRIVATE KEY-----\"\nN=1\n",
	"unterminated double": "A=1\nB=\"never closed\nC=3\n",
	"unterminated single": "A=1\nB='never closed\nC=3\n",
	"junk after quote":    "A=\"x\" junk\nB=\"multi\nline\"junk\nC=3\n",
	"bare key":            "A\nB=2\nC # comment\n",
	"no key":              "=value\nA=1\n==\n",
	"duplicates":          "A=1\nB=x\nA=2\nB\n",
	"crlf":                "A=1\r\nB=\"x\r\ny\"\r\n# c\r\nC=3\r\n",
	"lone cr":             "A=1\rB=2\rC=\"x\ry\"\r",
	"no trailing newline": "A=1\nB=2",
	"bom":                 "\ufeffA=1\nB=2\n",
	"unicode spaces":      "A=x\u00a0\nB=\u00a0y\n\u3000C=3\nD=v\u2028w\nE=a\x1cb\x1c\n",
	"control chars":       "A=x\vy\nB=x\fy\n\vC=1\n",
	"odd keys":            "a.b=1\nc-d=2\n'quoted key'=3\nKÉY=4\nx[0]=5\n",
	"indented":            "   A=1\n\t\tB=2\n  # indented comment\n",
	"blank lines":         "\n\n\nA=1\n\n\n\nB=2\n\n\n",
	"only comments":       "# one\n#two\n   # three\n",
	"empty":               "",
	"whitespace only":     "  \n\t\n ",
	"trailing backslash":  "A=x\\\nB=\"x\\\\\"\nC=\"x\\\"\n",
	"interpolation":       "A=${HOME}\nB=\"${A}-x\"\nC='${A}'\n",
	"hash in key":         "A#B=1\nC=2\n",
	"space in key":        "MY KEY=1\nB=2\n",
	"tako":                "OKTA_CLIENT_ORGURL=https://example.okta.com\nTOKEN_METHOD=oauth2\nOKTA_OAUTH2_CLIENT_ID=0oa1example\nOKTA_OAUTH2_SCOPES=\"okta.users.read okta.groups.read\"\nOKTA_CONCURRENT_LIMIT=18\n",
}
