// Draws every <canvas data-chart="..."> with Chart.js, on load and whenever htmx swaps new content in.
(function () {
    const palette = ['#4f46e5', '#06b6d4', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#f97316'];

    function label(ms) {
        return new Date(ms).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'});
    }

    function draw(canvas) {
        if (typeof Chart === 'undefined') {
            return;
        }
        const spec = JSON.parse(canvas.dataset.chart);
        const previous = Chart.getChart(canvas);
        if (previous) {
            previous.destroy();
        }
        const datasets = spec.series.map((series, i) => {
            const byTime = new Map(series.points.map(point => [point[0], point[1]]));
            const colour = palette[i % palette.length];
            return {
                label: series.label,
                data: spec.times.map(time => byTime.has(time) ? byTime.get(time) : null),
                borderColor: colour,
                backgroundColor: colour + '1f',
                fill: spec.series.length <= 2,
                tension: 0.3,
                pointRadius: 0,
                borderWidth: 2,
                spanGaps: true
            };
        });
        canvas.parentElement.classList.toggle('no-data', spec.times.length === 0);
        new Chart(canvas, {
            type: 'line',
            data: {labels: spec.times.map(label), datasets: datasets},
            options: {
                animation: false,
                responsive: true,
                maintainAspectRatio: false,
                interaction: {mode: 'index', intersect: false},
                plugins: {legend: {position: 'bottom', labels: {boxWidth: 12, boxHeight: 12}}},
                scales: {
                    x: {ticks: {maxTicksLimit: 8, color: '#667085'}, grid: {display: false}},
                    y: {beginAtZero: true, ticks: {color: '#667085', precision: 0},
                        title: {display: true, text: spec.unit, color: '#667085'}, grid: {color: '#eef0f4'}}
                }
            }
        });
    }

    function drawAll(root) {
        root.querySelectorAll('canvas[data-chart]').forEach(draw);
    }

    document.addEventListener('DOMContentLoaded', () => drawAll(document));
    document.addEventListener('htmx:load', event => drawAll(event.detail.elt));
})();

// Sends the page's CSRF token with every htmx request that changes something (when the console has logins).
document.addEventListener('htmx:configRequest', event => {
    const token = document.querySelector('meta[name="csrf-token"]');
    const header = document.querySelector('meta[name="csrf-header"]');
    if (token && header && event.detail.verb !== 'get') {
        event.detail.headers[header.content] = token.content;
    }
});
