//! Pictures of a landscape on a grid: contour rasterisation ([`raster`]) and the terrain
//! layers drawn under it ([`terrain`]).

pub mod raster;
pub mod terrain;
