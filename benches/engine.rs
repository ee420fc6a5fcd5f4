//! Engine benchmarks (release): opening the catalogue, planning and running a typical
//! benchmark query, rendering a chart. Process start → result is measured by
//! `scripts/bench.sh` (hyperfine over the real binary).

use criterion::{Criterion, criterion_group, criterion_main};
use depbench::query::{Engine, Params};
use depbench::render::{ImageFormat, render};

fn params() -> Params {
    Params::parse([
        "focus=17",
        "peers=22,64,14",
        "year=2022",
        "from=2018",
        "to=2022",
    ])
    .expect("static params")
}

fn typical_query() -> String {
    std::fs::read_to_string(
        depbench::query::default_queries_dir().join("figures/01_tableau_de_bord.sql"),
    )
    .expect("figure file")
}

fn engine(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let sql = typical_query();
    let p = params();
    c.bench_function("open catalogue + load observations and population", |b| {
        b.iter(|| {
            let e = Engine::open_default().expect("engine");
            e.catalog().table("observations").expect("observations");
            e.catalog().table("population").expect("population");
        })
    });
    c.bench_function(
        "cold: open + typical benchmark query (tableau de bord)",
        |b| {
            b.iter(|| {
                let e = Engine::open_default().expect("engine");
                rt.block_on(e.sql(&sql, &p, "bench")).expect("query")
            })
        },
    );
    let warm = Engine::open_default().expect("engine");
    rt.block_on(warm.sql(&sql, &p, "bench")).expect("query");
    c.bench_function("warm: typical benchmark query", |b| {
        b.iter(|| rt.block_on(warm.sql(&sql, &p, "bench")).expect("query"))
    });
    let fig = depbench::bench::figure::Figure::read(
        &depbench::query::default_queries_dir().join("figures/03_taux_accueillis.sql"),
    )
    .expect("figure");
    let roles = depbench::model::territory::Roles {
        focus: "17".into(),
        peers: vec!["22".into(), "64".into(), "14".into()],
    };
    let r = rt
        .block_on(depbench::report::render_figure(
            &warm,
            &fig,
            &p,
            &roles,
            &[],
        ))
        .expect("figure");
    c.bench_function("render bars chart to PNG", |b| {
        b.iter(|| render(&r.chart, ImageFormat::Png).expect("png"))
    });
    c.bench_function("render bars chart to SVG", |b| {
        b.iter(|| render(&r.chart, ImageFormat::Svg).expect("svg"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = engine
}
criterion_main!(benches);
