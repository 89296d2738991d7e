# JSON writers shared by the reference scripts that write tests/fixtures/*.json (spdep.R, spdep-toolkit.R,
# moran-bounds.R), sourced from the project root: numbers with 17 significant digits (round-trip exact), NA as
# null, ±Inf as ±1e999 (which JSON.parse reads as ±Infinity).
num <- function(v) {
  out <- sprintf("%.17g", v)
  out[is.na(v)] <- "null"
  out[is.infinite(v) & v > 0] <- "1e999"
  out[is.infinite(v) & v < 0] <- "-1e999"
  out
}
jnum <- function(v) paste0("[", paste(num(v), collapse = ","), "]")
jint <- function(v) paste0("[", paste(as.integer(v), collapse = ","), "]")
jstr <- function(v) paste0("[", paste0("\"", gsub("\"", "\\\\\"", v), "\"", collapse = ","), "]")
jlists <- function(l) paste0("[", paste(vapply(l, jint, ""), collapse = ","), "]")
jnumlists <- function(l) paste0("[", paste(vapply(l, jnum, ""), collapse = ","), "]")
