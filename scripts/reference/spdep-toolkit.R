# Reference values from R spdep 1.2-7 (sf 1.0, GEOS 3.11) for the weights, global and local statistics of
# lib/methods/spatial/weights.ts, lib/methods/spatial/global.ts and lib/methods/spatial/local.ts (tests/spatial-toolkit.test.ts).
#
# Regenerate (from the project root):
#   Rscript scripts/reference/spdep-toolkit.R
#
# Reads spdep's and spData's own example data (installed with Debian's r-cran-spdep / r-cran-spdata) and the US
# counties the project ships (node_modules/vega-datasets), copies the GAL/GWT example files into tests/fixtures/
# (columbus.gal, ncCC89.gal, baltk4.GWT: the TypeScript readers are tested on the very files spdep reads), and writes
#   tests/fixtures/spdep-toolkit.json
#     columbus   Columbus crime data (spdep etc/shapes/columbus.dbf: CRIME, INC, HOVAL, X, Y) with the queen
#                contiguity of spdep's etc/weights/columbus.gal (read.gal): write.nb.gal's text; nb2listw styles
#                W/C/U/S; nblag orders 2 and 3 and nblag_cumul; knearneigh(k = 4) and dnearneigh on (X, Y) with
#                nbdists; geary.test (normality and randomisation), globalG.test (style B), localG (Gi with
#                style W, Gi* with include.self and style W, their internals), localmoran's E.Ii / Var.Ii / Z.Ii
#                (conditional = TRUE, spdep's default, and FALSE), moran_bv's statistic and localmoran_bv's Ibvi
#                (CRIME with INC), localC (local Geary, style W); with a distance band that leaves islands: moran.test / geary.test /
#                globalG.test with adjust.n = TRUE
#     baltimore  house-price points (spData baltim.dbf: X, Y) with knearneigh(k = 4) and spData's baltk4.GWT
#                read by read.gwt2nb (neighbours and the distances GeoDa wrote)
#     sids       North Carolina SIDS (spData sids.dbf: SID74, BIR74, FIPSNO) with spData's ncCC89.gal:
#                EBest and EBImoran.mc's statistic (Moran's I of empirical-Bayes rates)
#     counties   centroids of the US counties (st_centroid without s2: planar GEOS centroids of the us-10m
#                TopoJSON, features merged by id), knearneigh(k = 5) and dnearneigh on them, and geary.test,
#                globalG.test and localG of the unemployment rates on poly2nb queen weights
suppressMessages({
  library(sf)
  library(spdep)
})
options(warn = 1)
sf_use_s2(FALSE)

source("scripts/reference/json.R") # num, jnum, jint, jstr, jlists, jnumlists
jobj <- function(...) {
  x <- list(...)
  paste0("{", paste0("\"", names(x), "\":", unlist(x), collapse = ","), "}")
}
# 0-based neighbour lists (an island, spdep's 0L, is an empty list)
nb0 <- function(nb) lapply(nb, function(v) { v <- v[v > 0]; as.integer(v) - 1L })
wlists <- function(lw) lapply(seq_along(lw$neighbours), function(i) if (length(lw$neighbours[[i]]) == 1 && lw$neighbours[[i]][1] == 0) numeric(0) else lw$weights[[i]])

spdep_etc <- system.file("etc", package = "spdep")
spdata <- system.file(package = "spData")
invisible(file.copy(file.path(spdep_etc, "weights/columbus.gal"), "tests/fixtures/columbus.gal", overwrite = TRUE))
invisible(file.copy(file.path(spdata, "weights/ncCC89.gal"), "tests/fixtures/ncCC89.gal", overwrite = TRUE))
invisible(file.copy(file.path(spdata, "weights/baltk4.GWT"), "tests/fixtures/baltk4.GWT", overwrite = TRUE))

htest <- function(t) jobj(statistic = num(t$statistic[[1]]), p = num(t$p.value), estimate = jnum(unname(t$estimate)))

# ---- Columbus -------------------------------------------------------------------------------------------
col <- st_drop_geometry(st_read(file.path(spdep_etc, "shapes/columbus.shp"), quiet = TRUE))
col_nb <- read.gal(file.path(spdep_etc, "weights/columbus.gal"))
ids <- attr(col_nb, "region.id")
crime <- col$CRIME
inc <- col$INC
xy <- cbind(col$X, col$Y)
gal_file <- tempfile(fileext = ".gal")
write.nb.gal(col_nb, gal_file, oldstyle = FALSE, shpfile = "columbus", ind = "POLYID")
gal_text <- paste0(paste(readLines(gal_file), collapse = "\n"), "\n")

lwW <- nb2listw(col_nb, style = "W")
lwB <- nb2listw(col_nb, style = "B")
styles <- sapply(c("W", "C", "U", "S"), function(s) jnumlists(wlists(nb2listw(col_nb, style = s))))
lags <- nblag(col_nb, 3)
knn4 <- knn2nb(knearneigh(xy, k = 4))
band <- dnearneigh(xy, 0, 6)
band_d <- nbdists(band, xy)
inv <- nb2listw(band, glist = lapply(band_d, function(d) 1 / d^2), style = "B")
inv_styles <- sapply(c("W", "C", "U", "S"), function(s) jnumlists(wlists(nb2listw(band, glist = lapply(band_d, function(d) 1 / d^2), style = s))))
nn1 <- unlist(nbdists(knn2nb(knearneigh(xy, k = 1)), xy))
islands_band <- dnearneigh(xy, 0, 2.5, row.names = ids)
lw_islands <- nb2listw(islands_band, style = "W", zero.policy = TRUE)
lwB_islands <- nb2listw(islands_band, style = "B", zero.policy = TRUE)

lg <- localG(crime, lwW, return_internals = TRUE)
lgs_lw <- nb2listw(include.self(col_nb), style = "W")
lgs <- localG(crime, lgs_lw, return_internals = TRUE)
lgB <- localG(crime, lwB, return_internals = TRUE)
lmC <- localmoran(crime, lwW)
lmT <- localmoran(crime, lwW, conditional = FALSE)
set.seed(1)
bv <- moran_bv(crime, inc, lwW, nsim = 9)
lbv <- localmoran_bv(crime, inc, lwW, nsim = 9, iseed = 1)

columbus <- jobj(
  ids = jstr(ids), crime = jnum(crime), inc = jnum(inc), hoval = jnum(col$HOVAL), x = jnum(col$X), y = jnum(col$Y),
  gal = jlists(nb0(col_nb)), galText = paste0("\"", gsub("\n", "\\\\n", gal_text), "\""),
  styles = jobj(W = styles[["W"]], C = styles[["C"]], U = styles[["U"]], S = styles[["S"]]),
  lag2 = jlists(nb0(lags[[2]])), lag3 = jlists(nb0(lags[[3]])), lagCumul3 = jlists(nb0(nblag_cumul(lags))),
  knn4 = jlists(nb0(knn4)),
  band6 = jlists(nb0(band)), band6Distances = jnumlists(band_d),
  inverseSquareStyles = jobj(W = inv_styles[["W"]], C = inv_styles[["C"]], U = inv_styles[["U"]], S = inv_styles[["S"]]),
  maxNearest = num(max(nn1)),
  band25 = jlists(nb0(islands_band)),
  gearyRandomisation = htest(geary.test(crime, lwW, randomisation = TRUE, adjust.n = FALSE, alternative = "two.sided")),
  gearyNormality = htest(geary.test(crime, lwW, randomisation = FALSE, adjust.n = FALSE, alternative = "two.sided")),
  globalGB = htest(globalG.test(crime, lwB, adjust.n = FALSE, alternative = "two.sided")),
  localGiW = jobj(z = jnum(as.numeric(lg)), G = jnum(attr(lg, "internals")[, 1]), EG = jnum(attr(lg, "internals")[, 2]), VG = jnum(attr(lg, "internals")[, 3])),
  localGiStarW = jobj(z = jnum(as.numeric(lgs)), G = jnum(attr(lgs, "internals")[, 1]), EG = jnum(attr(lgs, "internals")[, 2]), VG = jnum(attr(lgs, "internals")[, 3])),
  localGiB = jobj(z = jnum(as.numeric(lgB)), G = jnum(attr(lgB, "internals")[, 1])),
  localmoranConditional = jobj(Ii = jnum(lmC[, "Ii"]), E = jnum(lmC[, "E.Ii"]), Var = jnum(lmC[, "Var.Ii"]), Z = jnum(lmC[, "Z.Ii"])),
  localmoranTotal = jobj(E = jnum(lmT[, "E.Ii"]), Var = jnum(lmT[, "Var.Ii"]), Z = jnum(lmT[, "Z.Ii"])),
  moranBv = num(bv$t0), localmoranBv = jnum(lbv[, "Ibvi"]),
  localC = jnum(as.numeric(localC(crime, lwW))),
  adjustN = jobj(
    islands = jstr(ids[card(islands_band) == 0]),
    moranNormal = htest(moran.test(crime, lw_islands, randomisation = FALSE, zero.policy = TRUE, adjust.n = TRUE, alternative = "two.sided")),
    moranRandomisation = htest(moran.test(crime, lw_islands, randomisation = TRUE, zero.policy = TRUE, adjust.n = TRUE, alternative = "two.sided")),
    gearyRandomisation = htest(geary.test(crime, lw_islands, randomisation = TRUE, zero.policy = TRUE, adjust.n = TRUE, alternative = "two.sided")),
    gearyNormality = htest(geary.test(crime, lw_islands, randomisation = FALSE, zero.policy = TRUE, adjust.n = TRUE, alternative = "two.sided")),
    globalGB = htest(globalG.test(crime, lwB_islands, zero.policy = TRUE, adjust.n = TRUE, alternative = "two.sided"))
  )
)

# ---- Baltimore ------------------------------------------------------------------------------------------
bal <- st_drop_geometry(st_read(file.path(spdata, "shapes/baltim.shp"), quiet = TRUE))
bxy <- cbind(bal$X, bal$Y)
bknn <- knearneigh(bxy, k = 4)
gwt <- suppressWarnings(read.gwt2nb(file.path(spdata, "weights/baltk4.GWT"), region.id = bal$STATION))
baltimore <- jobj(
  ids = jstr(bal$STATION), x = jnum(bal$X), y = jnum(bal$Y),
  knn4 = jlists(nb0(knn2nb(bknn))), duplicated = jint(which(duplicated(bxy)) - 1L),
  gwt = jlists(nb0(gwt)), gwtValues = jnumlists(attr(gwt, "GeoDa")$dist)
)

# ---- North Carolina SIDS --------------------------------------------------------------------------------
sids <- st_drop_geometry(st_read(file.path(spdata, "shapes/sids.shp"), quiet = TRUE))
nc_ids <- as.character(sids$FIPSNO)
nc_nb <- read.gal(file.path(spdata, "weights/ncCC89.gal"), region.id = nc_ids)
nc_lw <- nb2listw(nc_nb, style = "W", zero.policy = TRUE)
eb <- EBest(sids$SID74, sids$BIR74)
set.seed(1)
ebi <- suppressMessages(EBImoran.mc(sids$SID74, sids$BIR74, nc_lw, nsim = 9, zero.policy = TRUE))
sids_json <- jobj(
  ids = jstr(nc_ids), sid74 = jnum(sids$SID74), bir74 = jnum(sids$BIR74), gal = jlists(nb0(nc_nb)),
  a = num(attr(eb, "parameters")$a), b = num(attr(eb, "parameters")$b), z = jnum(ebi$z), EBImoran = num(ebi$statistic[[1]])
)

# ---- US counties ----------------------------------------------------------------------------------------
us <- st_read("node_modules/vega-datasets/data/us-10m.json", layer = "counties", quiet = TRUE)
us <- us[!st_is_empty(us), ]
st_crs(us) <- NA
fid <- as.character(us$id)
cids <- unique(fid)
geoms <- lapply(cids, function(id) st_combine(st_geometry(us)[fid == id]))
cent <- t(vapply(geoms, function(g) st_coordinates(st_centroid(g))[1, 1:2], c(0, 0)))
cknn <- knn2nb(knearneigh(cent, k = 5))
cband <- dnearneigh(cent, 0, 0.5)
rates <- read.delim("node_modules/vega-datasets/data/unemployment.tsv", colClasses = c("character", "numeric"))
qnb <- poly2nb(us, queen = TRUE)
# merge features by id
pos <- match(fid, cids)
merged <- lapply(seq_along(cids), function(k) integer(0))
for (f in seq_along(qnb)) merged[[pos[f]]] <- c(merged[[pos[f]]], pos[qnb[[f]][qnb[[f]] > 0]])
merged <- lapply(seq_along(merged), function(k) sort(setdiff(unique(merged[[k]]), k)))
units <- cids[cids %in% rates$id]
keep <- match(units, cids)
newpos <- rep(NA_integer_, length(cids))
newpos[keep] <- seq_along(units)
unb <- lapply(keep, function(k) { v <- newpos[merged[[k]]]; v <- sort(v[!is.na(v)]); if (length(v) == 0) 0L else as.integer(v) })
class(unb) <- "nb"
attr(unb, "region.id") <- units
unb <- sym.attr.nb(unb)
ux <- rates$rate[match(units, rates$id)]
ulwW <- nb2listw(unb, style = "W", zero.policy = TRUE)
ulwB <- nb2listw(unb, style = "B", zero.policy = TRUE)
ulgs <- localG(ux, nb2listw(include.self(unb), style = "W", zero.policy = TRUE), zero.policy = TRUE)
counties <- jobj(
  ids = jstr(cids), centroids = jnumlists(lapply(seq_len(nrow(cent)), function(i) cent[i, ])),
  knn5 = jlists(nb0(cknn)), band05 = jlists(nb0(cband)),
  units = jstr(units),
  gearyRandomisation = htest(geary.test(ux, ulwW, randomisation = TRUE, zero.policy = TRUE, adjust.n = FALSE, alternative = "two.sided")),
  gearyNormality = htest(geary.test(ux, ulwW, randomisation = FALSE, zero.policy = TRUE, adjust.n = FALSE, alternative = "two.sided")),
  globalGB = htest(globalG.test(ux, ulwB, zero.policy = TRUE, adjust.n = FALSE, adjust.x = FALSE, alternative = "two.sided")),
  localGiStarW = jnum(as.numeric(ulgs))
)

writeLines(paste0(
  "{\n\"source\":\"R ", R.version$major, ".", R.version$minor, ", spdep ", packageVersion("spdep"), ", sf ", packageVersion("sf"),
  " (GEOS ", sf_extSoftVersion()[["GEOS"]], ", sf_use_s2(FALSE)); neighbours are 0-based indices; see scripts/reference/spdep-toolkit.R\",\n",
  "\"columbus\":", columbus, ",\n",
  "\"baltimore\":", baltimore, ",\n",
  "\"sids\":", sids_json, ",\n",
  "\"counties\":", counties, "\n}"
), "tests/fixtures/spdep-toolkit.json")
cat("wrote tests/fixtures/spdep-toolkit.json\n")
