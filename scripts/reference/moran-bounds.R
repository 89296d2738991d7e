# Reference values for moranBounds (lib/methods/spatial/bounds.ts; tests/moran-bounds.test.ts): the extreme
# values of Moran's I on given weights (de Jong, Sprenger & van Veen 1984), from R 4.2 with spdep 1.2-7 and
# spData 2.2.
#
# Regenerate (from the project root):
#   Rscript scripts/reference/moran-bounds.R
#
# adespatial is not in Debian, so its moran.bounds is written here in base R, line for line (adespatial
# R/moran.bounds.R, Dray et al.; ade4's bicenter.wt with unit row and column weights):
#   W <- listw2mat(listw); W <- (W + t(W)) / 2
#   res <- nrow(W) / sum(W) * range(eigen(bicenter.wt(W), only.values = TRUE))
# bicenter.wt(X) subtracts the column means and then the row means (the grand mean added back); eigen() is
# called with symmetric = TRUE (LAPACK dsyevr), since the double-centred matrix is symmetric.
#
# Writes tests/fixtures/moran-bounds.json: for each case its 0-based neighbour lists and the listw's weights (so
# that the TypeScript builds the very same matrix, used with transformation "none"), n, S0 = sum(W), and the
# bounds [Imin, Imax]:
#   columbus-W, columbus-B   spdep's etc/weights/columbus.gal (queen, 49 tracts) with nb2listw styles W and B
#   rook-7x5-W, rook-7x5-B   cell2nb(7, 5, type = "rook"), a rook lattice of 35 cells
#   knn4-W                   knn2nb(knearneigh(k = 4)) on the Columbus tract centroids (X, Y of columbus.dbf):
#                            asymmetric neighbours, style W (so W is asymmetric twice over)
#   band-islands-B           dnearneigh(0, 2.5) on the same points: several islands, style B, zero.policy = TRUE
#   nc-W                     spData's ncCC89.gal (North Carolina, 100 counties, 2 islands), style W
#   us48-rook-C              spdep's etc/weights/us48_rk.GAL (48 states, rook), style C
suppressMessages({
  library(sf)
  library(spdep)
})
options(warn = 1)

source("scripts/reference/json.R") # num, jnum, jint, jstr, jlists, jnumlists
# 0-based neighbour lists (an island, spdep's 0L, is an empty list) and the matching weights
nb0 <- function(nb) lapply(nb, function(v) { v <- v[v > 0]; as.integer(v) - 1L })
wlists <- function(lw) lapply(seq_along(lw$neighbours), function(i) if (length(lw$neighbours[[i]]) == 1 && lw$neighbours[[i]][1] == 0) numeric(0) else lw$weights[[i]])

# ade4::bicenter.wt(X) with unit weights, in base R
bicenter <- function(X) {
  col_mean <- colMeans(X)
  row_mean <- rowMeans(X) - mean(col_mean)
  X <- sweep(X, 2, col_mean)
  t(sweep(t(X), 2, row_mean))
}
# adespatial::moran.bounds
moran_bounds <- function(listw) {
  W <- listw2mat(listw)
  W <- (W + t(W)) / 2
  nrow(W) / sum(W) * range(eigen(bicenter(W), symmetric = TRUE, only.values = TRUE)$values)
}

case <- function(name, nb, style) {
  lw <- nb2listw(nb, style = style, zero.policy = TRUE)
  b <- moran_bounds(lw)
  W <- listw2mat(lw)
  paste0(
    "{\"name\":\"", name, "\",\"style\":\"", style, "\",\"n\":", nrow(W), ",\"S0\":", num(sum(W)),
    ",\"islands\":", sum(rowSums(W) == 0), ",\"min\":", num(b[1]), ",\"max\":", num(b[2]),
    ",\"neighbors\":", jlists(nb0(nb)), ",\"weights\":", jnumlists(wlists(lw)), "}"
  )
}

spdep_etc <- system.file("etc", package = "spdep")
spdata <- system.file(package = "spData")
col_nb <- read.gal(file.path(spdep_etc, "weights/columbus.gal"))
col <- st_drop_geometry(st_read(file.path(spdep_etc, "shapes/columbus.shp"), quiet = TRUE))
xy <- cbind(col$X, col$Y)
rook <- cell2nb(7, 5, type = "rook")
knn4 <- knn2nb(knearneigh(xy, k = 4))
band <- dnearneigh(xy, 0, 2.5)
nc_ids <- as.character(st_drop_geometry(st_read(file.path(spdata, "shapes/sids.shp"), quiet = TRUE))$FIPSNO)
nc_nb <- read.gal(file.path(spdata, "weights/ncCC89.gal"), region.id = nc_ids)
us48 <- read.gal(file.path(spdep_etc, "weights/us48_rk.GAL"), override.id = TRUE)

cases <- c(
  case("columbus-W", col_nb, "W"),
  case("columbus-B", col_nb, "B"),
  case("rook-7x5-W", rook, "W"),
  case("rook-7x5-B", rook, "B"),
  case("knn4-W", knn4, "W"),
  case("band-islands-B", band, "B"),
  case("nc-W", nc_nb, "W"),
  case("us48-rook-C", us48, "C")
)
source_text <- sprintf("%s, spdep %s, spData %s; scripts/reference/moran-bounds.R (adespatial's moran.bounds in base R)",
  R.version.string, packageVersion("spdep"), packageVersion("spData"))
writeLines(paste0("{\"source\":\"", source_text, "\",\n\"cases\":[\n", paste(cases, collapse = ",\n"), "\n]}"),
  "tests/fixtures/moran-bounds.json")
cat("wrote tests/fixtures/moran-bounds.json\n")
