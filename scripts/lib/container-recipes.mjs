export async function runRecipes() {}
