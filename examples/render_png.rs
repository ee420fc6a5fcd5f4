//! Times PNG rendering of every report figure, and optionally writes the pictures for review.
//!
//! `cargo run --example render_png -- [ROUNDS] [OUT_DIR]`: builds the charts of every figure in
//! queries/figures for focus 61 (peers 14, 50, 27; 2018-2022), renders each ROUNDS times to PNG
//! (default 10, i.e. about 100 PNGs) and prints the total time; with OUT_DIR, writes one PNG and
//! one SVG per figure there. Run it in release for benchmark figures (scripts/bench.sh).

use depbench::bench::figure::Figure;
use depbench::model::territory::Roles;
use depbench::query::{Engine, Params};
use depbench::render::{ImageFormat, render};
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds: usize = args.first().map(|s| s.parse()).transpose()?.unwrap_or(10);
    let out = args.get(1).map(std::path::PathBuf::from);
    let rt = tokio::runtime::Builder::new_current_thread().build()?;
    let engine = Engine::open_default()?;
    let params = Params::parse([
        "focus=61",
        "peers=14,50,27",
        "year=2022",
        "from=2018",
        "to=2022",
    ])?;
    let roles = Roles {
        focus: "61".into(),
        peers: vec!["14".into(), "50".into(), "27".into()],
    };
    let shapes = rt.block_on(depbench::report::shapes(&engine))?;
    let mut dir: Vec<_> =
        std::fs::read_dir(depbench::query::default_queries_dir().join("figures"))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
    dir.sort();
    let mut charts = Vec::new();
    for path in dir
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
    {
        let fig = Figure::read(path)?;
        let r = rt.block_on(depbench::report::render_figure(
            &engine, &fig, &params, &roles, &shapes,
        ))?;
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        charts.push((stem, r.chart));
    }
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        for (_, chart) in &charts {
            render(chart, ImageFormat::Png)?;
            n += 1;
        }
    }
    let elapsed = start.elapsed();
    println!(
        "{n} PNGs in {:.2} s ({:.1} ms each)",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / n as f64
    );
    if let Some(out) = out {
        std::fs::create_dir_all(&out)?;
        for (stem, chart) in &charts {
            std::fs::write(
                out.join(format!("{stem}.png")),
                render(chart, ImageFormat::Png)?,
            )?;
            std::fs::write(
                out.join(format!("{stem}.svg")),
                render(chart, ImageFormat::Svg)?,
            )?;
        }
    }
    Ok(())
}
