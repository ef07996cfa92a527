package main

// Builds on the virtual clock use the Go Playground's `-tags faketime` runtime: time
// starts at 2009-11-10 23:00 UTC and jumps to the next timer whenever every goroutine
// is blocked, so time.Sleep costs no real time, and every write to fd 1 and 2 is
// framed with the virtual time it was made at (the host decodes the frames,
// grader/playback.py). The standard library is pre-built with the tag (Dockerfile),
// and the fast build has an importcfg of its own for it.

const faketimeTag = "-tags=faketime"

// faketimeImportcfgPath is importcfgPath's twin for the faketime standard library.
const faketimeImportcfgPath = importcfgPath + ".faketime"

// faketimeBuildArgs adds the tag after go build / go test -c.
func faketimeBuildArgs(args []string) []string {
	n := 1
	if args[0] == "test" {
		n = 2 // -c
	}
	return append(append(append([]string{}, args[:n]...), faketimeTag), args[n:]...)
}

// importcfgFor is the fast build's importcfg for a build with or without the tag.
func importcfgFor(virtualTime bool) string {
	if virtualTime {
		return faketimeImportcfgPath
	}
	return importcfgPath
}

// buildTagsSetting is the line go build puts in the module information for the tag.
func buildTagsSetting(virtualTime bool) string {
	if virtualTime {
		return "build\t" + faketimeTag + "\n"
	}
	return ""
}
