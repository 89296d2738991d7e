# Peers for `npm run bench` (Debian's r-cran-spdep).
#
#   Rscript peers.R moran VALUES.txt NEIGHBOURS.txt REPS   spdep::moran.mc(nsim = 999)
#   Rscript peers.R local VALUES.txt NEIGHBOURS.txt REPS   spdep::localmoran_perm(nsim = 999)
#
# VALUES.txt: one value per line. NEIGHBOURS.txt: one line per unit, 1-based neighbour indices separated by
# spaces, "0" for a unit without neighbours. Row-standardised weights (style "W"), islands kept
# (zero.policy = TRUE), serial (no parallel cluster). Only the computation is timed. Prints one JSON line.
suppressPackageStartupMessages(library(spdep))
args <- commandArgs(trailingOnly = TRUE)
task <- args[1]
x <- as.numeric(readLines(args[2]))
lines <- readLines(args[3])
nb <- lapply(lines, function(l) { v <- as.integer(strsplit(trimws(l), " +")[[1]]); if (length(v) == 1 && v == 0) 0L else v })
class(nb) <- "nb"
attr(nb, "region.id") <- as.character(seq_along(nb))
attr(nb, "type") <- "queen"
attr(nb, "sym") <- TRUE
lw <- nb2listw(nb, style = "W", zero.policy = TRUE)
reps <- as.integer(args[4])
set.seed(1)
f <- switch(task,
  moran = function() moran.mc(x, lw, nsim = 999, zero.policy = TRUE)$statistic,
  local = function() localmoran_perm(x, lw, nsim = 999, zero.policy = TRUE, iseed = 1)[, "Ii"],
  stop(paste("unknown task", task)))
f()
runs <- numeric(reps)
for (r in seq_len(reps)) { t <- proc.time()[["elapsed"]]; out <- f(); runs[r] <- proc.time()[["elapsed"]] - t }
cat(sprintf('{"peer": "spdep::%s", "version": "%s", "median_s": %.6f, "runs": [%s], "first": %.12g}\n',
  if (task == "moran") "moran.mc" else "localmoran_perm", as.character(packageVersion("spdep")),
  median(runs), paste(sprintf("%.6f", runs), collapse = ", "), out[1]))
