/* The admin page's only script (no inline script: the CSP forbids it). It answers the deadline
 * calculator in place from /admin/api/deadline; without it the form is a plain GET that the
 * server answers. */
/* global document, fetch, URLSearchParams, FormData */
const form = document.querySelector('form.calculator');
if (form) {
  form.addEventListener('submit', async (event) => {
    const result = form.querySelector('.calc-result');
    const data = new FormData(form);
    const query = new URLSearchParams({
      project: String(data.get('calc_project') ?? ''),
      from: String(data.get('calc_from') ?? ''),
    });
    event.preventDefault();
    try {
      const answer = await fetch(`${form.dataset.api}?${query}`, {
        headers: { accept: 'application/json' },
      });
      const body = await answer.json();
      result.replaceChildren();
      const p = document.createElement('p');
      if (answer.ok) {
        p.className = 'answer';
        p.textContent = `Encerra em ${formatInstant(body.closesAt)} (último dia útil: ${formatDate(body.lastBusinessDay)}).`;
      } else {
        p.className = 'error';
        p.setAttribute('role', 'alert');
        p.textContent = `Não foi possível calcular o prazo. ${body.error?.message ?? ''}`;
      }
      result.append(p);
    } catch {
      form.submit(); // the server answers the plain form
    }
  });
}

function formatDate(date) {
  const [y, m, d] = String(date).split('-');
  return `${d}/${m}/${y}`;
}

function formatInstant(iso) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('pt-BR', {
      timeZone: 'America/Sao_Paulo',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}
